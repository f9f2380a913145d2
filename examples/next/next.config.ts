import type { NextConfig } from 'next'

const config: NextConfig = {
  // The app is a folder of the examples app, whose node_modules (one install) it uses.
  turbopack: { root: '..' },
}

export default config
