export { diagnose, identityFromFacts } from './diagnose';
export type { CauseFinding, DiagnoseOptions, DiagnoseOutcome, DiagnoseRequest, Diagnosis, Fix } from './diagnose';
export { CAUSES, CAUSE_ORDER, humanDuration } from './causes';
export type { CauseContext, CauseId, CauseWords } from './causes';
export { SENDING_SERVICES, FORWARDERS, serviceByBounceDomain, servicesByPtr } from './providers';
export type { SendingService } from './providers';
export { addTerms, mergeRecords, toCharacterStrings, quoteForZone } from './record-edit';
export { OverlayResolver } from './overlay-resolver';
