// The build's asset step: TypeScript compiles the code, this copies what n8n loads next to it,
// namely node and credential icons (light and dark) and the codex files (*.node.json).
const { src, dest, parallel } = require('gulp');

function copyNodeAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json'], { encoding: false }).pipe(
		dest('dist/nodes'),
	);
}

function copyCredentialIcons() {
	return src(['icons/*.svg', 'icons/*.png'], { encoding: false }).pipe(dest('dist/icons'));
}

exports['build:assets'] = parallel(copyNodeAssets, copyCredentialIcons);
