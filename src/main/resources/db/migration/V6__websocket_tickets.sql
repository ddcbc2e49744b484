-- One-time tickets for the plain WebSocket route (POST /api/ws-tickets): a browser cannot set an
-- Authorization header on a WebSocket handshake. Kept in the database so that any instance behind
-- the load balancer can redeem a ticket another issued. Only a hash of the ticket is stored.
create table ws_ticket (
    ticket_hash      varchar(64)              primary key,
    username         varchar(64)              not null,
    authorities      varchar(200)             not null,
    token_expires_at timestamp with time zone not null,
    expires_at       timestamp with time zone not null
);
create index ws_ticket_expiry on ws_ticket (expires_at);
create index ws_ticket_owner on ws_ticket (username);
