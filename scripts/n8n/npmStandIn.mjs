// A stand-in for the public npm registry (https://registry.npmjs.org) on loopback, for the
// end-to-end tests of environment-managed community packages.
//
// n8n 2.41.1 installs N8N_COMMUNITY_PACKAGES from N8N_COMMUNITY_PACKAGES_REGISTRY, and anything but
// its default https://registry.npmjs.org is a licensed feature (community-packages.service.js
// getNpmRegistry, `feat:communityNodes:customRegistry`). To test the unlicensed path users take,
// the n8n processes keep that default and get an HTTP proxy (HTTPS_PROXY for n8n's OutboundHttp,
// npm_config_https_proxy for the `npm pack` / `npm install` n8n runs) that:
// - answers CONNECT registry.npmjs.org:443 by terminating TLS itself, with a certificate for
//   registry.npmjs.org signed by a throw-away CA made with openssl in a temporary folder (trusted by
//   those processes only: NODE_EXTRA_CA_CERTS, npm_config_cafile), and forwards each request to the
//   local verdaccio, rewriting verdaccio's own address in its answers to https://registry.npmjs.org;
// - refuses every other host (403), so nothing leaves the machine.
// Every CONNECT and every forwarded request is recorded (`log()`), to show who fetched what.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

import { freePort } from './instance.mjs';

export const NPM_HOST = 'registry.npmjs.org';

function openssl(args, cwd) {
	const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (exit code ${r.status}):\n${r.stderr}`);
}

/** A CA and a certificate for NPM_HOST signed by it, in `dir`; returns the file paths. */
function makeCertificates(dir) {
	const subj = (cn) => ['-subj', `/CN=${cn}`];
	openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', 'ca.key', '-out', 'ca.pem', ...subj('veeam-e2e throw-away CA'), '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
	openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'host.key', '-out', 'host.csr', ...subj(NPM_HOST)], dir);
	fs.writeFileSync(path.join(dir, 'host.ext'), `subjectAltName=DNS:${NPM_HOST}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
	openssl(['x509', '-req', '-in', 'host.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'host.pem', '-extfile', 'host.ext'], dir);
	return { ca: path.join(dir, 'ca.pem'), key: path.join(dir, 'host.key'), cert: path.join(dir, 'host.pem') };
}

/**
 * Starts the stand-in in front of `registryUrl` (verdaccio, http://127.0.0.1:<port>).
 * Returns { proxyUrl, caFile, env, log(), stop() }; `env` is what an n8n process needs to reach it.
 */
export async function startNpmStandIn({ registryUrl }) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veeam-npm-standin-'));
	const files = makeCertificates(dir);
	const upstream = new URL(registryUrl);
	const publicUrl = `https://${NPM_HOST}`;
	/** @type {{ kind: 'connect' | 'request', host?: string, allowed?: boolean, method?: string, path?: string, status?: number, agent?: string }[]} */
	const entries = [];

	// The TLS side: sockets CONNECTed to registry.npmjs.org:443 are handed to this server.
	const tlsServer = https.createServer({ key: fs.readFileSync(files.key), cert: fs.readFileSync(files.cert) }, (req, res) => {
		const headers = { ...req.headers, host: upstream.host };
		delete headers['accept-encoding']; // plain answers, so that addresses can be rewritten
		const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
			const entry = { kind: /** @type {const} */ ('request'), method: req.method, path: req.url, status: answer.statusCode, agent: String(req.headers['user-agent'] ?? '').split(' ')[0] };
			entries.push(entry);
			const type = String(answer.headers['content-type'] ?? '');
			if (!type.includes('json')) {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
				return;
			}
			const chunks = [];
			answer.on('data', (c) => chunks.push(c));
			answer.on('end', () => {
				const body = Buffer.from(Buffer.concat(chunks).toString('utf8').split(registryUrl.replace(/\/+$/, '')).join(publicUrl));
				const outHeaders = { ...answer.headers, 'content-length': String(body.length) };
				delete outHeaders['transfer-encoding'];
				delete outHeaders.etag;
				res.writeHead(answer.statusCode ?? 502, outHeaders);
				res.end(body);
			});
		});
		forward.on('error', (e) => {
			entries.push({ kind: 'request', method: req.method, path: req.url, status: 502 });
			res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`npm stand-in: ${e.message}`);
		});
		req.pipe(forward);
	});

	const proxy = http.createServer((req, res) => {
		// Plain-HTTP proxy requests: nothing here is meant to go out.
		entries.push({ kind: 'connect', host: req.url, allowed: false });
		res.writeHead(403, { 'content-type': 'text/plain' });
		res.end('npm stand-in: only https://registry.npmjs.org is served\n');
	});
	proxy.on('connect', (req, socket, head) => {
		const allowed = req.url === `${NPM_HOST}:443`;
		entries.push({ kind: 'connect', host: req.url, allowed });
		socket.on('error', () => {});
		if (!allowed) {
			socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head?.length) socket.unshift(head);
		tlsServer.emit('connection', socket);
	});

	const port = await freePort();
	await new Promise((resolve, reject) => {
		proxy.once('error', reject);
		proxy.listen(port, '127.0.0.1', () => resolve(undefined));
	});
	const proxyUrl = `http://127.0.0.1:${port}`;
	return {
		proxyUrl,
		caFile: files.ca,
		/** Environment for an n8n process: the proxy for n8n and npm, the CA, loopback direct. */
		env: {
			HTTPS_PROXY: proxyUrl,
			HTTP_PROXY: proxyUrl,
			NO_PROXY: '127.0.0.1,localhost',
			NODE_EXTRA_CA_CERTS: files.ca,
			npm_config_https_proxy: proxyUrl,
			npm_config_proxy: proxyUrl,
			npm_config_noproxy: '127.0.0.1,localhost',
			npm_config_cafile: files.ca,
			npm_config_update_notifier: 'false',
			npm_config_audit: 'false',
			npm_config_fund: 'false',
		},
		/** What went through so far: CONNECTs (allowed or refused) and the requests forwarded to verdaccio. */
		log: () => entries.slice(),
		async stop() {
			proxy.closeAllConnections?.();
			tlsServer.closeAllConnections?.();
			await new Promise((resolve) => proxy.close(() => resolve(undefined)));
			tlsServer.close();
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}
