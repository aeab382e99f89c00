// Headless Chromium from Debian (/usr/bin/chromium) driven by playwright-core, for the editor test.
// playwright-core never downloads a browser; this module only ever starts the system one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, selectors } from 'playwright-core';

import { ROOT } from '../../../scripts/n8n/config.mjs';

/** Debian's `chromium` package; VEEAM_E2E_CHROMIUM points elsewhere (any Chromium or Chrome build). */
export const CHROMIUM = process.env.VEEAM_E2E_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The flags this environment needs: headless, no sandbox (root in a container), no GPU, and no
 * background connections to Google's services (the network is closed; without these flags Chromium
 * keeps retrying them).
 */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Where the README screenshots go (VEEAM_E2E_SCREENSHOTS redirects them, e.g. to compare). */
export const SCREENSHOT_DIR = process.env.VEEAM_E2E_SCREENSHOTS ? path.resolve(process.env.VEEAM_E2E_SCREENSHOTS) : path.join(ROOT, 'docs', 'screenshots');

// n8n's editor marks its elements with data-test-id (Playwright's default is data-testid).
selectors.setTestIdAttribute('data-test-id');

/** Throws, saying how to install it, when there is no Chromium (call it before starting servers). */
export function requireChromium() {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`No Chromium at ${CHROMIUM}. Install Debian's: apt-get install -y chromium (or set VEEAM_E2E_CHROMIUM to a Chromium binary).`);
	}
}

/**
 * Starts Chromium with a new, empty profile. Returns { context, page, close() }; close() ends the
 * browser and deletes the profile, and never throws.
 */
export async function launchBrowser({ viewport = { width: 1440, height: 900 }, timeoutMs = 20_000 } = {}) {
	requireChromium();
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'veeam-e2e-chromium-'));
	let context;
	try {
		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport,
			deviceScaleFactor: 1,
			locale: 'en-US',
			timezoneId: 'UTC',
			colorScheme: 'light',
			reducedMotion: 'reduce',
			timeout: 60_000,
		});
	} catch (e) {
		fs.rmSync(profile, { recursive: true, force: true });
		throw e;
	}
	context.setDefaultTimeout(timeoutMs);
	context.setDefaultNavigationTimeout(60_000);
	// Only the n8n under test: the editor also asks the npm registry about the installed community
	// package, which the test must not depend on (nor leave this machine for).
	const blocked = [];
	await context.route(
		(u) => !LOOPBACK.has(u.hostname) && /^(https?|wss?):$/.test(u.protocol),
		(route) => {
			blocked.push(route.request().url());
			return route.abort('blockedbyclient');
		},
	);
	const page = context.pages()[0] ?? (await context.newPage());
	const problems = [];
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('requestfailed', (r) => {
		if (!blocked.includes(r.url())) problems.push(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`);
	});
	page.on('console', (m) => {
		if (m.type() === 'error') problems.push(`console: ${m.text().slice(0, 300)}`);
	});
	return {
		context,
		page,
		/** Errors the page logged (for failure messages). */
		problems,
		/** Requests to other hosts than loopback, answered with an error. */
		blocked,
		async close() {
			try {
				await context.close();
			} catch {
				/* already gone */
			}
			fs.rmSync(profile, { recursive: true, force: true });
		},
	};
}

/**
 * Opens an n8n (Element Plus) select inside `container` and returns its list box: the element the
 * combobox names in aria-controls, so options of other selects (still in the DOM) never mix in.
 */
export async function openSelect(page, container) {
	const combobox = container.getByRole('combobox').first();
	await combobox.click();
	const id = await combobox.getAttribute('aria-controls');
	if (!id) throw new Error('The select has no aria-controls (n8n editor changed?)');
	const listbox = page.locator(`[id="${id}"]`);
	await listbox.waitFor({ state: 'visible' });
	await listbox.getByRole('option').first().waitFor({ state: 'visible' });
	return listbox;
}

/** Closes an open select list box with Escape (only when it is open: Escape would close the NDV). */
export async function closeSelect(page, listbox) {
	if (await listbox.isVisible()) await page.keyboard.press('Escape');
	await listbox.waitFor({ state: 'hidden' });
}

/** The option of an open list box whose headline is exactly `name`. */
export function option(listbox, name) {
	return listbox.getByRole('option').filter({ has: listbox.page().getByText(name, { exact: true }) });
}

/** Option headlines of an n8n options list (the bold line, without the description under it). */
export async function optionNames(listbox) {
	const texts = await listbox.getByRole('option').allInnerTexts();
	return texts.map((t) => t.split('\n')[0].trim());
}

/**
 * Repeats `read` until `accept(value)` holds; bounded by timeoutMs. For values a locator wait can't
 * express (a whole list equal to another). Rejects with the last value in the message.
 */
export async function waitForValue(read, accept, { timeoutMs = 20_000, intervalMs = 100, what = 'value' } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		last = await read();
		if (accept(last)) return last;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}; last: ${JSON.stringify(last)}`);
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}

/** A README screenshot (the viewport, caret hidden, animations stopped) into SCREENSHOT_DIR. */
export async function screenshot(page, name) {
	fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const file = path.join(SCREENSHOT_DIR, `${name}.png`);
	// Park the mouse on the empty middle of the bottom edge: a hover toolbar would show in the picture.
	const { width, height } = page.viewportSize() ?? { width: 1440, height: 900 };
	await page.mouse.move(Math.round(width / 2), height - 2);
	// Let running transitions (hover, focus, a list sliding open) end, at most 2 s, then two frames.
	await page.evaluate(async () => {
		const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
		await frame();
		const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
		await Promise.race([Promise.allSettled(finite.map((a) => a.finished)), new Promise((resolve) => setTimeout(resolve, 2000))]);
		await frame();
		await frame();
	});
	// Like Playwright Test's toHaveScreenshot: the first picture that equals the one before it (at
	// most 10 tries), so a late layout shift or fade doesn't change the committed PNG from run to run.
	const take = () => page.screenshot({ animations: 'disabled', caret: 'hide', scale: 'css' });
	let previous = await take();
	for (let i = 0; i < 10; i++) {
		const next = await take();
		if (next.equals(previous)) break;
		previous = next;
	}
	// Antialiasing can differ by a few pixels between runs: keep the committed file then.
	if (fs.existsSync(file)) {
		const committed = fs.readFileSync(file);
		if (committed.equals(previous) || (await differingPixels(page.context(), committed, previous)) <= 100) return file;
	}
	fs.writeFileSync(file, previous);
	return file;
}

/** How many pixels of two PNGs of the same size differ (Infinity when the sizes differ), decoded by the browser. */
async function differingPixels(context, a, b) {
	const scratch = await context.newPage();
	try {
		return await scratch.evaluate(async ([one, two]) => {
			const load = (data) =>
				new Promise((resolve, reject) => {
					const image = new Image();
					image.onload = () => resolve(image);
					image.onerror = reject;
					image.src = `data:image/png;base64,${data}`;
				});
			const [x, y] = await Promise.all([load(one), load(two)]);
			if (x.width !== y.width || x.height !== y.height) return Infinity;
			const pixels = (image) => {
				const canvas = document.createElement('canvas');
				canvas.width = image.width;
				canvas.height = image.height;
				const g = canvas.getContext('2d');
				g.drawImage(image, 0, 0);
				return g.getImageData(0, 0, image.width, image.height).data;
			};
			const [p, q] = [pixels(x), pixels(y)];
			let count = 0;
			for (let i = 0; i < p.length; i += 4) if (p[i] !== q[i] || p[i + 1] !== q[i + 1] || p[i + 2] !== q[i + 2] || p[i + 3] !== q[i + 3]) count++;
			return count;
		}, [a.toString('base64'), b.toString('base64')]);
	} finally {
		await scratch.close();
	}
}
