import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [svelte()],
  // The package tells its loader where Vite put the wasm and the language files
  // (`new URL(…, import.meta.url)`); pre-bundling for the dev server would hide them.
  optimizeDeps: { exclude: ['magic-link-widget'] },
});
