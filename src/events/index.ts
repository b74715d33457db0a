// The analytics side of Jig, by name: the event, its store, the log stations write to, the
// implicit-signal observer, exports (files and the tuning dataset) and the shipper.
export { EVENT_TYPES, EVENT_LIMITS, validateEvent, createEvent, uuidv7, randomHex } from './event.js';
export type {
  JigEvent,
  AttrValue,
  EventContext,
  EventProblem,
  EventProblemCode,
  KnownEventType,
  EventAttrs,
} from './event.js';
export { EVENT_ATTRS, NUMBER_BOUNDS, LAYOUT_ATTR_MAX, isKnownEventType, contractTable } from './attrs.js';
export { foldLatestRating, feedbackKey, ratingOf, recordSlots } from './ratings.js';
export type { LatestRating, RatingValue, RatingSlots } from './ratings.js';
export { openEventStore, toEvent, DEFAULT_DB_NAME, SCHEMA_VERSION } from './store.js';
export type {
  EventStore,
  EventStoreOptions,
  EventFilter,
  StoredEvent,
  WriteResult,
  RefusedEvent,
  StoreErrorInfo,
  StoreStats,
} from './store.js';
export { createEventLog } from './log.js';
export type { EventLog, EventLogOptions, EmitResult } from './log.js';
export { aggregate, emptyAggregates, foldAggregate } from './aggregates.js';
export type { Aggregates, StationStat, Rating, LayoutFeedback } from './aggregates.js';
export { observeSurface, feedbackDetail } from './observe.js';
export { layoutId } from '../layout/id.js';
export type { FeedbackSource, JigFeedbackDetail } from './observe.js';
export {
  EXPORT_FORMATS,
  FORMAT_INFO,
  GEN_AI,
  toNdjson,
  toOtlpLogs,
  toOtlpTraces,
  toSegmentBatch,
  segmentBatches,
  SEGMENT_BATCH_BYTES,
  encodeStream,
  encodeToString,
  toHexId,
  isoToUnixNano,
} from './formats.js';
export type { ExportFormat, ExportOptions, SegmentOptions, ResourceAttrs } from './formats.js';
export { exportFile, downloadBlob, FILE_FORMATS, FILE_INFO } from './export.js';
export type { FileFormat, ExportFileOptions, ExportedFile } from './export.js';
export { DatasetBuilder, toTuningDataset } from './dataset.js';
export type { DatasetRow } from './dataset.js';
export { createShipper, backoffDelay, parseRetryAfter } from './shipper.js';
export type { Shipper, ShipperOptions, ShipResult, IngestAnswer } from './shipper.js';
