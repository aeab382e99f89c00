// What n8n's queue mode needs besides n8n: PostgreSQL (n8n does not support queue mode on SQLite)
// and Redis, both throw-away, on loopback. The instance is pointed at the database for every
// command (imports, publish, start, worker) and for the tests' reads (support/database.mjs).
import path from 'node:path';

import { startPostgres } from './postgres.mjs';
import { startRedis } from './redis.mjs';

/**
 * Starts both; returns { pg, redis, env } where `env` is what every queue-mode process gets
 * (the database, EXECUTIONS_MODE=queue, the Redis address).
 */
export async function startQueueServices(n8n, say) {
	const [pg, redis] = await Promise.all([startPostgres(), startRedis({ dir: path.join(n8n.userFolder, 'redis') })]);
	say(`PostgreSQL on 127.0.0.1:${pg.port}, redis-server on 127.0.0.1:${redis.port}`);
	n8n.extraEnv = { ...n8n.extraEnv, ...pg.env };
	n8n.postgres = pg;
	const env = { ...pg.env, EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(redis.port) };
	return { pg, redis, env };
}
