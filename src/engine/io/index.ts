export { formatNpy, parseNpy, readMatrixF32, readNpy, writeNpy } from './npy';
export type { Npy, NpyArray, NpyDtype } from './npy';
