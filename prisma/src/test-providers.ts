// Which databases the data-layer tests run on (decided once by jest-global-setup).
import type { Provider } from './env';

export const TEST_PROVIDERS: Provider[] = process.env.TL_PG_AVAILABLE === '0' ? ['sqlite'] : ['sqlite', 'postgresql'];
