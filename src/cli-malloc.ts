// First import of the CLI: ES modules evaluate in import order, so the
// re-execution happens before the service's modules run (see malloc-tuning.ts).
import { tuneMalloc } from './malloc-tuning.ts'

tuneMalloc()
