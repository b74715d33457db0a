// The line that improves itself: tuning proposals from the events, versions kept locally and on
// the server, canaries with a sequential test, automatic and manual rollback.
export { createTuner, type Tuner, type TunerOptions, type TuneResult, type VersionSummary } from './tuner.js';
export {
  tune,
  formatProposal,
  proposeModel,
  emptyState,
  type Proposal,
  type Change,
  type ChangeKind,
  type TuneOptions,
  type TuneState,
  type TrainedModel,
} from './tune.js';
export { classObjective, describeObjective, type ClassObjective, type RouteEstimate } from './objective.js';
export {
  collectEvidence,
  readEvidence,
  EvidenceBuilder,
  type Evidence,
  type ClassEvidence,
  type StationEvidence,
  type LayoutEvidence,
  type VersionEvidence,
} from './evidence.js';
export {
  resolveBounds,
  parseBounds,
  checkedBounds,
  TuneBoundsError,
  tuneBoundsSchema,
  DEFAULT_BOUNDS,
  type TuneBounds,
  type TuneBoundsInput,
  type BoundsProblem,
} from './bounds.js';
export {
  compareVersions,
  inCanary,
  type CanaryVerdict,
  type CanaryTestOptions,
  type MetricVerdict,
  type Metric,
} from './canary.js';
export {
  openVersionStore,
  memoryVersionStore,
  splitServerConfig,
  VERSIONS_DB,
  BOUNDS_KEY,
  type VersionStore,
  type VersionRecord,
  type LocalLineState,
  type HistoryEntry,
  type VersionChange,
} from './versions.js';
export { lineServer, type LineServer, type LineServerOptions, type ServerLineState } from './server.js';
export { untunableChanges, deepEqual, TUNABLE_PATHS } from './guard.js';
export { thompsonWeights } from './bandit.js';
export {
  learnRequirements,
  catalogCategorical,
  type LearnedRequirements,
  type CategoricalProp,
} from './requirements.js';
export { seededRandom, hash32, unitHash } from './rng.js';
