// Types of scripts/bundle-options.mjs, for the test that imports it.
import type { BuildOptions } from 'esbuild';

export declare const ENTRIES: string[];
export declare const bundleOptions: BuildOptions;
export declare const ALONE: string[];
export declare const allBuilds: BuildOptions[];
