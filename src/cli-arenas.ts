// First import of the CLI: ES modules evaluate in import order, so the
// re-execution happens before the service's modules run (see malloc-arenas.ts).
import { limitMallocArenas } from './malloc-arenas.ts'

limitMallocArenas()
