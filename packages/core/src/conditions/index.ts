export { readAttribute, readUnit } from './attribute.js';
export { CONDITION_KEYS, checkCondition } from './check.js';
export { type ConditionPredicate, compileCondition } from './compile.js';
export { OPERATORS } from './operators.js';
