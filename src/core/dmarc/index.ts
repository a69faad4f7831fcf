export * from './types';
export { parseDmarcRecord, isDmarcRecord, parseDmarcUri, applicablePolicy, testingDisposition } from './parse';
export { DmarcDns, discoverPolicy, selectOrgDomain, treeWalkNames, TREE_WALK_MAX_QUERIES } from './walk';
export type { DmarcDnsOptions } from './walk';
export { evaluateDmarc, checkAlignment } from './evaluate';
export type { AlignmentCheck, DmarcOptions } from './evaluate';
export { checkReportDestination, lintReportDestinations } from './report';
export type { DestinationCheck } from './report';
