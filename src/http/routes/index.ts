// The gateway's route table: every path it answers. Anything else is a 404, never proxied.
import { RouteTable } from '../route-table.js';
import { handleCountTokens, handleMessages } from './anthropic-messages.js';
import { handleModels } from './anthropic-models.js';
import { handleHealth } from './health.js';
import { handleMetrics } from './metrics.js';
import { handleChatCompletions } from './openai-chat.js';
import { handleOpenaiModels } from './openai-model-list.js';
import { handleRoot } from './root.js';

/** Builds the route table. */
export function buildRoutes(): RouteTable {
  return new RouteTable()
    .add('/', 'plain', { GET: handleRoot, HEAD: handleRoot })
    .add('/anthropic', 'anthropic', { GET: handleRoot, HEAD: handleRoot })
    .add('/anthropic/v1/messages', 'anthropic', { POST: handleMessages })
    .add('/anthropic/v1/messages/count_tokens', 'anthropic', { POST: handleCountTokens })
    .add('/anthropic/v1/models', 'anthropic', { GET: (ctx) => handleModels(ctx, undefined) })
    .addPrefix('/anthropic/v1/models/', 'anthropic', { GET: handleModels })
    .add('/openai/v1/chat/completions', 'openai', { POST: handleChatCompletions })
    .add('/openai/v1/models', 'openai', { GET: handleOpenaiModels })
    .add('/health', 'plain', { GET: handleHealth })
    .add('/metrics', 'plain', { GET: handleMetrics });
}
