import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { MetricsError } from '../core/errors.ts'

/** The body of every error the API answers with. */
export interface ErrorBody {
  error: string
  message: string
}

interface AjvError {
  instancePath?: string
  keyword?: string
  message?: string
  params?: Record<string, unknown>
  parentSchema?: Record<string, unknown>
  data?: unknown
}

/**
 * Turns a schema violation into a sentence that names the parameter and,
 * for numbers, the range: "last_n must be an integer from 1 to 1000, got \"abc\"".
 */
export function describeValidation (errors: readonly AjvError[], context: string | undefined): string {
  const e = errors[0]
  if (e === undefined) return 'invalid request'
  const path = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.')
  const missing = e.keyword === 'required' ? String(e.params?.missingProperty ?? '') : ''
  const name = missing !== '' ? (path === '' ? missing : `${path}.${missing}`) : path
  const where = context === undefined || context === 'body' ? '' : `${context} parameter `
  const schema = e.parentSchema
  if (schema !== undefined && (schema.type === 'integer' || schema.type === 'number') && e.keyword !== 'required') {
    const kind = schema.type === 'integer' ? 'an integer' : 'a number'
    const range = schema.minimum !== undefined && schema.maximum !== undefined
      ? ` from ${String(schema.minimum)} to ${String(schema.maximum)}`
      : schema.minimum !== undefined ? ` >= ${String(schema.minimum)}` : schema.maximum !== undefined ? ` <= ${String(schema.maximum)}` : ''
    return `${where}${name} must be ${kind}${range}, got ${JSON.stringify(e.data)}`
  }
  if (e.keyword === 'required') return `${where}${name === '' ? 'value' : name} is required`
  if (e.keyword === 'additionalProperties') return `${where}${name === '' ? '' : name + ': '}unknown field ${JSON.stringify(e.params?.additionalProperty)}`
  return `${where}${name === '' ? (context ?? 'value') : name} ${e.message ?? 'is invalid'}`
}

/**
 * The one place errors become responses: typed product errors keep their
 * code and status, Fastify's client errors (bad JSON, body too large, wrong
 * content type) keep their 4xx, and anything else is a logged 500 whose
 * message reveals nothing of the internals.
 */
export function errorHandler (error: FastifyError & { validationContext?: string }, request: FastifyRequest, reply: FastifyReply): void {
  let status: number
  let body: ErrorBody
  if (error instanceof MetricsError) {
    status = error.statusCode
    body = { error: error.code, message: error.message }
  } else if (error.validation !== undefined) {
    status = 400
    body = { error: 'BM_ERR_VALIDATION', message: describeValidation(error.validation as AjvError[], error.validationContext) }
  } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    status = error.statusCode
    body = { error: error.code ?? 'BM_ERR_BAD_REQUEST', message: error.message }
  } else {
    request.log.error({ err: error }, 'unhandled error')
    status = 500
    body = { error: 'BM_ERR_INTERNAL', message: 'internal error; see the service log' }
  }
  if (status >= 500) request.log.error({ code: body.error }, body.message)
  void reply.code(status).type('application/json; charset=utf-8').send(body)
}

/** Unknown routes: a JSON 404 that names the route. */
export function notFoundHandler (request: FastifyRequest, reply: FastifyReply): void {
  void reply.code(404).send({ error: 'BM_ERR_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0].slice(0, 200)}` })
}
