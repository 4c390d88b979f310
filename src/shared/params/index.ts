export * from './param';
export * from './stages';
