import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vitest/config';
import { compressAssets } from './build/compress.ts';
import { precompileLocales } from './build/precompile-locales.ts';

// The server (anxin serve) serves dist/ at "/": hashed files under assets/ are cached for a year,
// index.html is revalidated, and *.br / *.gz siblings are sent to clients that accept them. Its
// Content-Security-Policy allows scripts from the same origin only, so nothing here may rely on
// inline scripts or eval (vue-i18n messages are compiled at build time for that reason).
export default defineConfig(({ command }) => ({
  plugins: [
    vue(),
    Components({
      dts: 'src/components.d.ts',
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
    }),
    command === 'build' ? precompileLocales() : null,
    command === 'build' ? compressAssets() : null,
  ],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // Messages arrive pre-compiled, so the runtime-only build (no message compiler) is enough.
      ...(command === 'build' ? { 'vue-i18n': 'vue-i18n/dist/vue-i18n.runtime.esm-bundler.js' } : {}),
    },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __INTLIFY_DROP_MESSAGE_COMPILER__: command === 'build' ? 'true' : 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    manifest: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': process.env.ANXIN_API ?? 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.ts'],
    restoreMocks: true,
    // Components mounted in tests import Element Plus's styles (the resolver adds them): let Vite
    // load its CSS rather than Node.
    server: { deps: { inline: ['element-plus'] } },
  },
}));
