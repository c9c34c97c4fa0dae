// The dashboard API's JSON shapes, shared with the gateway (types only: nothing of src/ is bundled).
export type * from '../../../src/http/dashboard/api-types.js';
