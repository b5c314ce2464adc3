import { checkGuideTable } from './fixtures/check-guide-table.ts';
import { TABLE_3_OF_3 } from './fixtures/guide-tables.ts';

checkGuideTable(TABLE_3_OF_3);
