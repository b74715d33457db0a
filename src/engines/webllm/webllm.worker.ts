// The WebLLM worker: owns the MLCEngine (WebGPU, tokenizer, grammar) off the main thread and
// speaks the small protocol in protocol.ts. Only this chunk pulls in @mlc-ai/web-llm.
import {
  MLCEngine,
  prebuiltAppConfig,
  type AppConfig,
  type ChatCompletionChunk,
  type ModelRecord,
} from '@mlc-ai/web-llm';
import type { FromWorker, ToWorker, WebLLMModelRecord, WorkerGenerate } from './protocol.js';
import { chatRequest } from './request.js';

const scope = self as unknown as {
  postMessage(m: FromWorker): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};
const post = (m: FromWorker) => scope.postMessage(m);
let engine: MLCEngine | undefined;
let loadedModel: string | undefined;

function appConfigFor(record: WebLLMModelRecord, cacheBackend: AppConfig['cacheBackend']): AppConfig {
  const list: ModelRecord[] = [...prebuiltAppConfig.model_list];
  if (record.model && record.modelLib) {
    list.unshift({
      model: record.model,
      model_id: record.id,
      model_lib: record.modelLib,
      ...(record.vramMB ? { vram_required_MB: record.vramMB } : {}),
      ...(record.requiresF16 ? { required_features: ['shader-f16'] } : {}),
      ...(record.contextWindow ? { overrides: { context_window_size: record.contextWindow } } : {}),
    });
  }
  return { model_list: list, cacheBackend };
}

async function load(id: number, record: WebLLMModelRecord, cacheBackend: AppConfig['cacheBackend']) {
  // web-llm fetches before it looks for a GPU; look first, so the failure names the real cause.
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  const adapter = gpu ? await gpu.requestAdapter() : null;
  if (!adapter)
    throw Object.assign(new Error('navigator.gpu.requestAdapter() found no WebGPU adapter in the worker'), {
      name: 'WebGPUNotAvailableError',
    });
  if (engine) await engine.unload();
  engine = new MLCEngine({
    appConfig: appConfigFor(record, cacheBackend),
    initProgressCallback: (report) =>
      post({
        type: 'progress',
        id,
        report: { progress: report.progress, timeElapsed: report.timeElapsed, text: report.text },
      }),
    logLevel: 'WARN',
  });
  await engine.reload(record.id, record.contextWindow ? { context_window_size: record.contextWindow } : undefined);
  loadedModel = record.id;
  const gpuLabel = await engine.getGPUVendor().catch(() => '');
  post({ type: 'done', id, value: { contextSize: record.contextWindow, gpu: gpuLabel } });
}

async function generate(id: number, req: WorkerGenerate) {
  if (!engine || !loadedModel)
    throw Object.assign(new Error('no model is loaded in the worker'), { name: 'ModelNotLoadedError' });
  const stream = await engine.chatCompletion(chatRequest(req));
  let usage: { inputTokens: number; outputTokens: number } | undefined;
  let finishReason: string | undefined;
  for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
    const choice = chunk.choices[0];
    const text = choice?.delta?.content;
    if (text) post({ type: 'chunk', id, text });
    if (choice?.finish_reason) finishReason = choice.finish_reason;
    if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
  }
  post({ type: 'done', id, value: { usage, finishReason } });
}

function fail(id: number, e: unknown) {
  const err = e instanceof Error ? e : new Error(String(e));
  post({ type: 'error', id, error: { name: err.name, message: err.message } });
}

scope.onmessage = (ev) => {
  const msg = ev.data;
  switch (msg.type) {
    case 'ping':
      post({ type: 'pong' });
      return;
    case 'interrupt':
      void engine?.interruptGenerate();
      return;
    case 'load':
      load(msg.id, msg.record, msg.cacheBackend).catch((e) => fail(msg.id, e));
      return;
    case 'generate':
      generate(msg.id, msg.request).catch((e) => fail(msg.id, e));
      return;
    case 'unload':
      (engine ? engine.unload() : Promise.resolve()).then(
        () => {
          engine = undefined;
          loadedModel = undefined;
          post({ type: 'done', id: msg.id });
        },
        (e) => fail(msg.id, e),
      );
      return;
  }
};

post({ type: 'ready' });
