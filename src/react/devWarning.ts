export { devWarning } from '../core/devWarning';
