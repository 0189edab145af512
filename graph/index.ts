export { layout } from './layout.js';
export { renderDot } from './dot.js';
export { renderSvg } from './svg.js';
export { logicalGraph, physicalGraph, type LogicalGraph, type PhysicalGraph, type LinkState } from './model.js';
export { linkStates, parseStatus, InvalidStatusError, type RouterStatus } from './status.js';
export { renderGraph, type GraphFormat, type GraphView } from './render.js';
