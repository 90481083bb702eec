// conflict-kit/azure: Azure Storage (Table and Blob service, Azurite) as the
// backend: its error codes read, and its weak ETags sent back in If-Match.
// Apps that do not import it pay nothing; see azureOptions for what the
// client does with Azure without it.
export { azureOptions } from './azureOptions';
export { azureReader } from '../core/readers/azureReader';
export type { ConflictReader } from '../core/readers/conflictReader';
