#!/usr/bin/env node
// The installed `ccgate` command: runs the compiled CLI (npm run build first when running from a checkout).
import('../dist/src/cli/main.js');
