// Monaco, loaded from this site's /monaco/vs (copied there by scripts/copy-monaco.mjs), never a CDN.
// The editor and the diff view both import this module, so whichever loads first configures it.
// Only ever imported through next/dynamic with ssr:false: Monaco needs a browser.
import { loader } from '@monaco-editor/react';

// Absolute: Monaco's web workers start from blob: URLs, where a root-relative path cannot be resolved.
// This module only ever runs in the browser, so `window` exists.
loader.config({ paths: { vs: `${window.location.origin}/monaco/vs` } });

export { loader };
