export * from './settlements';
export * from './class-list';
export * from './claims';
export * from './filings';
export * from './audit';
export * from './staff';
export * from './payouts';
