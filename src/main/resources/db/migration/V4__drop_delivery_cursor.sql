-- Each instance now keeps, per class, the last seq it handed to its own subscribers (in memory);
-- the shared delivery cursor is gone.
drop table class_event_delivery;
