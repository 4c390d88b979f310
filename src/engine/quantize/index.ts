export {
  quantizeEmbeddingSet,
  resolveFloatSet,
  calibrate,
  DEFAULT_CALIBRATION_SIZE,
  QUANTIZE_CHUNK_VALUES,
} from './quantize-set';
export type { QuantizeOptions, QuantizeSummary, CalibrationOptions } from './quantize-set';
export { diagnoseEmbeddings, PROJECTED_SIZES } from './diagnose';
export type { Diagnostics, DiagnoseOptions, PrecisionDiagnostics } from './diagnose';
