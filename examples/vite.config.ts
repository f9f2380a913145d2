import { defineConfig } from 'vite'

// Two pages: the npm-installed packages (index.html) and the script-tag IIFE (script-tag.html).
export default defineConfig({
  build: {
    rollupOptions: { input: ['index.html', 'script-tag.html'] },
  },
})
