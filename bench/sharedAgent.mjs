// `--shared-agent`: a diagnosis, not how n8n runs. n8n's HTTP helper builds a new agent (so a new
// connection) for every request; with this flag every agent built in this process is one kept-alive
// agent, to show what those connections cost. It must run before n8n's modules load: their agent
// classes extend http.Agent when they are defined.
import http from 'node:http';

if (process.argv.includes('--shared-agent')) {
	const Original = http.Agent;
	const shared = new Original({ keepAlive: true });
	http.Agent = function SharedAgent() {
		return shared;
	};
	http.Agent.prototype = Original.prototype;
}
