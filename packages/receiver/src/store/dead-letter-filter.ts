/**
 * A dead-letter filter as SQL, the same for both engines (SQLite takes `?` in order,
 * PostgreSQL `$N`; both have `strpos`-like functions under different names). The type is read from
 * the start of the stored JSON, which `callsToStore` writes as `{"type":"<type>",...`.
 */
import type { DeadLetterFilter } from './call-store'

/** How one engine writes what differs. */
export interface SqlDialect {
  /** The placeholder of the `index`-th parameter (1-based; SQLite binds `?` in order). */
  readonly parameter: (index: number) => string
  /** An expression true when `text` contains `part`. */
  readonly contains: (text: string, part: string) => string
  /** `column IN (list)` for an array parameter. */
  readonly inList: (column: string, parameter: string) => string
}

export const sqliteDialect: SqlDialect = {
  parameter: () => '?',
  contains: (text, part) => `instr(${text}, ${part}) > 0`,
  inList: (column, parameter) => `${column} IN (SELECT value FROM json_each(${parameter}))`,
}

export const postgresDialect: SqlDialect = {
  parameter: (index) => `$${index}`,
  contains: (text, part) => `strpos(${text}, ${part}) > 0`,
  inList: (column, parameter) => `${column} = ANY(${parameter}::text[])`,
}

/** A WHERE clause (always one: `true` for no filter) and its values, from `firstParameter` on. */
export interface FilterSql {
  readonly where: string
  readonly values: unknown[]
}

const callType = /^[a-z]+$/

/**
 * The WHERE clause of `filter` over the dead-letters table's columns.
 *
 * @throws TypeError for a type that is not a call type's name
 */
export function deadLetterWhere(filter: DeadLetterFilter, dialect: SqlDialect, firstParameter = 1): FilterSql {
  const conditions: string[] = []
  const values: unknown[] = []
  const next = (value: unknown): string => {
    values.push(value)
    return dialect.parameter(firstParameter + values.length - 1)
  }
  if (filter.messageIds !== undefined) {
    const list = dialect === sqliteDialect ? JSON.stringify(filter.messageIds) : [...filter.messageIds]
    conditions.push(dialect.inList('message_id', next(list)))
  }
  if (filter.eventId !== undefined) conditions.push(`event_id = ${next(filter.eventId)}`)
  if (filter.type !== undefined) {
    if (!callType.test(filter.type)) throw new TypeError(`A call type is a lowercase word, got "${filter.type}".`)
    conditions.push(`substr(body, 1, ${10 + filter.type.length}) = ${next(`{"type":"${filter.type}"`)}`)
  }
  if (filter.reasonContains !== undefined) conditions.push(dialect.contains('reason', next(filter.reasonContains)))
  if (filter.failedFrom !== undefined) conditions.push(`failed_at >= ${next(filter.failedFrom)}`)
  if (filter.failedUntil !== undefined) conditions.push(`failed_at < ${next(filter.failedUntil)}`)
  return { where: conditions.length === 0 ? 'true' : conditions.join(' AND '), values }
}
