import type { Check } from '../../engine/types.js';
import unparseableDocument from './ZT-IN-001-unparseable-document.js';
import duplicateKeys from './ZT-IN-002-duplicate-keys.js';
import invalidFieldType from './ZT-IN-003-invalid-field-type.js';

/** Findings about the input itself, reported by the loader. */
export const inputChecks: readonly Check[] = [unparseableDocument, duplicateKeys, invalidFieldType];
