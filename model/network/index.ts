export { byName, edgeKey, FAMILIES, linkCost, type OverlayEdge, type OverlayGraph, overlayGraph } from './graph.js';
export { type DnsName, dnsNames, type ExposedForward, exposedForwards } from './exposure.js';
export { familyName, type Lan, lansOf } from './lans.js';
export { lanPairs, lanToRouters, NetworkModel, type Route } from './model.js';
export { type PeeringSpof, type RouterSpof, singlePointsOfFailure, type Spofs } from './spof.js';
export { pathCounts, pathsTo, type Spf, spf } from './spf.js';
