import { checkGuideTable } from './fixtures/check-guide-table.ts';
import { TABLE_2_OF_3 } from './fixtures/guide-tables.ts';

checkGuideTable(TABLE_2_OF_3);
