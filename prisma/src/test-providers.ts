// Which databases the data-layer tests run on (decided once by jest-global-setup).
import { testPostgresRecordedAvailable, type Provider } from './env';

export const TEST_PROVIDERS: Provider[] = testPostgresRecordedAvailable() ? ['sqlite', 'postgresql'] : ['sqlite'];
