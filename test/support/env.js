// n8n-core's InstanceSettings writes its config (with a generated encryption key) into the user
// folder; keep it in a throwaway directory instead of the developer's home.
const fs = require('fs');
const os = require('os');
const path = require('path');

if (!process.env.N8N_USER_FOLDER_FOR_TESTS) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'veeam-n8n-test-'));
	process.env.N8N_USER_FOLDER_FOR_TESTS = folder;
	process.env.N8N_USER_FOLDER = folder;
}
process.env.N8N_ENCRYPTION_KEY = process.env.N8N_ENCRYPTION_KEY || 'veeam-tests-encryption-key';
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'silent';
