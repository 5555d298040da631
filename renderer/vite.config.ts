import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Resolved from this file so the build works from any working directory.
const here = import.meta.dirname;

// Relative base: the same bundle is loaded from Electron's custom protocol and from serve mode's loopback HTTP.
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}/../dist/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
});
