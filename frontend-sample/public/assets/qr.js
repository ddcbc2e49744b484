// QR codes drawn as SVG from qrcode-generator's module matrix (vendored, see scripts/vendor.mjs).
// Built as DOM nodes, like the rest of the UI: no HTML strings.
import qrcode from './vendor/qrcode-generator/qrcode.js';

const SVG = 'http://www.w3.org/2000/svg';
/** The white margin a reader needs around the code, in modules (ISO/IEC 18004). */
export const QUIET_ZONE = 4;

/**
 * The dark modules of a QR code for `text`, as rows of booleans. Error correction M (15 %): a
 * projected code survives a little glare, and a link of ~100 characters stays a coarse version 5-6.
 */
export function qrModules(text, level = 'M') {
  const qr = qrcode(0, level);
  qr.addData(text, 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (__, col) => qr.isDark(row, col)));
}

/** The SVG path data of the dark modules, one square each, offset by the quiet zone. */
export function qrPath(modules) {
  let path = '';
  modules.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`;
  }));
  return path;
}

/** An <svg> of the QR code for `text`, named for assistive technology by `label`. */
export function qrSvg(text, label) {
  const modules = qrModules(text);
  const extent = modules.length + 2 * QUIET_ZONE;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${extent} ${extent}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', extent);
  background.setAttribute('height', extent);
  background.setAttribute('fill', '#fff');
  const dark = document.createElementNS(SVG, 'path');
  dark.setAttribute('d', qrPath(modules));
  dark.setAttribute('fill', '#000');
  svg.append(background, dark);
  return svg;
}
