// First import of the CLI: ES modules evaluate in import order, so the
// re-execution happens before the service's modules run (see malloc-tuning.ts).
import { tuneMemory } from './malloc-tuning.ts'

tuneMemory()
