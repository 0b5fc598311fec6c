import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    vue({
      // <magic-link-login> is a custom element, not a Vue component.
      template: { compilerOptions: { isCustomElement: (tag) => tag === 'magic-link-login' } },
    }),
  ],
  // The package tells its loader where Vite put the wasm and the language files
  // (`new URL(…, import.meta.url)`); pre-bundling for the dev server would hide them.
  optimizeDeps: { exclude: ['magic-link-widget'] },
});
