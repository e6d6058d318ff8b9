#!/usr/bin/env node
'use strict';
// decap-server (the editor's local backend) with a guard in front, in one process:
// scripts/edit.py (`make edit`) and the tests start this instead of decap-server's own
// dist/index.js. Environment: decap-server's GIT_REPO_DIRECTORY, PORT, BIND_HOST, MODE
// (fs or git), LOG_LEVEL; EDITOR_GUARD, JSON written by src/schoolpub/cms/local_backend.py:
// {"editable": {"folders": [...], "files": [...]}, "origins": [...], "max_body_bytes": N}.
//
// Why here and not a proxy in front: a DNS-rebinding page reaches every TCP port on
// loopback, so the guard must sit in the process that listens. A Python front would
// need decap-server on a Unix socket, which its own entry cannot do (PORT is a number):
// a Node entry was needed either way, and with it the guard is one express middleware
// before decap-server's own (its published dist/middlewares.js), with nothing to proxy.

const path = require('path');
const { Refusal, allowedActions, checkBody, visible } = require('./guard');

const decapServer = path.dirname(require.resolve('decap-server/package.json'));
const express = require(require.resolve('express', { paths: [decapServer] }));
const { registerLocalFs, registerLocalGit } = require('decap-server/dist/middlewares');

const ENGLISH = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 500: 'Internal Server Error' };

function fail(message) {
  console.error(`[网页编辑器] 无法启动：${message}`);
  process.exit(2);
}

function policyFromEnvironment() {
  const host = process.env.BIND_HOST;
  const port = Number(process.env.PORT);
  const mode = process.env.MODE || 'fs';
  let guard;
  try {
    guard = JSON.parse(process.env.EDITOR_GUARD);
  } catch (error) {
    fail('EDITOR_GUARD is missing or not JSON (start it through scripts/edit.py)');
  }
  if (host !== '127.0.0.1') fail(`BIND_HOST must be 127.0.0.1 (this computer only), not ${visible(host)}`);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`PORT ${visible(process.env.PORT)} is not a port`);
  if (mode !== 'fs' && mode !== 'git') fail(`MODE must be fs or git, not ${visible(mode)}`);
  const { editable, origins, max_body_bytes: maxBody } = guard || {};
  if (!editable || !Array.isArray(editable.folders) || !Array.isArray(editable.files) ||
      editable.folders.length + editable.files.length === 0) fail('EDITOR_GUARD names no editable folder');
  if (!Array.isArray(origins) || origins.length === 0) fail('EDITOR_GUARD names no origin');
  if (!Number.isInteger(maxBody) || maxBody <= 0) fail('EDITOR_GUARD has no max_body_bytes');
  return {
    host, port, mode, editable, maxBody,
    origins: new Set(origins),
    // `localhost` too: a rebinding page cannot send it (its Host is its own name)
    hosts: new Set([`${host}:${port}`, `localhost:${port}`]),
    actions: allowedActions(mode),
    repo: path.resolve(process.env.GIT_REPO_DIRECTORY || process.cwd()),
  };
}

function refuse(res, refusal) {
  const status = refusal.status || 500;
  console.error(`[网页编辑器] 已拒绝（${status}）：${refusal.message}：${visible(refusal.detail)}`);
  res.status(status).set('Connection', 'close')
    .json({ error: `网页编辑器拒绝了这个请求：${refusal.message}。${ENGLISH[status] || 'Refused'}.` });
}

function checkHeaders(req, policy) {
  const { host, origin } = req.headers;
  if (!policy.hosts.has(host)) throw new Refusal(403, 'Host 不是本机编辑器的地址', `Host=${host === undefined ? '（没有）' : host}`);
  if (origin !== undefined && !policy.origins.has(origin)) {
    throw new Refusal(403, '请求不是来自本机的网页编辑器', `Origin=${origin}`);
  }
}

// CORS answers the preview's own origin only (decap-server's own rule: any port of localhost).
function answerPreflight(req, res) {
  if (req.headers['access-control-request-method'] !== 'POST') {
    return refuse(res, new Refusal(403, '只接受 POST 请求', `preflight ${req.headers['access-control-request-method']}`));
  }
  res.set({ 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type',
    'Access-Control-Max-Age': '600' }).status(204).end();
}

function guard(policy) {
  const parseJson = express.json({ limit: policy.maxBody });
  return (req, res, next) => {
    res.vary('Origin');
    try {
      checkHeaders(req, policy);
    } catch (refusal) {
      return refuse(res, refusal);
    }
    if (req.headers.origin) res.set('Access-Control-Allow-Origin', req.headers.origin);
    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    if (req.method !== 'POST') return refuse(res, new Refusal(405, '只接受 POST 请求', `method=${req.method}`));
    if (Number(req.headers['content-length']) > policy.maxBody) {
      return refuse(res, new Refusal(413, '一次提交的内容太大', `Content-Length=${req.headers['content-length']}`));
    }
    if (!req.is('application/json')) {
      return refuse(res, new Refusal(415, '只接受 JSON', `Content-Type=${req.headers['content-type']}`));
    }
    // parsed here, with our limit; decap-server's own parser (50 MB) then sees req._body and skips
    parseJson(req, res, (error) => {
      if (error) {
        const tooLarge = error.type === 'entity.too.large';
        return refuse(res, new Refusal(tooLarge ? 413 : 400, tooLarge ? '一次提交的内容太大' : 'JSON 格式不对',
          error.type || error.message));
      }
      checkBody(req.body, policy).then(() => next(), (refusal) => refuse(res, refusal instanceof Refusal
        ? refusal : new Refusal(500, '检查请求时出错', refusal && refusal.message)));
    });
  };
}

async function main() {
  const policy = policyFromEnvironment();
  const app = express();
  app.disable('x-powered-by');
  app.use(guard(policy));
  const decap = express();
  decap.disable('x-powered-by');
  const register = policy.mode === 'git' ? registerLocalGit : registerLocalFs;
  await register(decap, { logLevel: process.env.LOG_LEVEL || 'info' });
  app.use(decap);
  app.use((req, res) => refuse(res, new Refusal(404, '没有这个地址', `path=${req.path}`)));
  // express's own error page would show a stack trace
  app.use((error, req, res, next) => refuse(res, new Refusal(500, '服务器出错', error && error.message)));
  app.listen(policy.port, policy.host, () => {
    console.log(`[网页编辑器] 本地服务已启动：http://${policy.host}:${policy.port}/api/v1（只接受 ` +
      `${[...policy.origins].join('、')} 的网页编辑器；可编辑：${[...policy.editable.folders, ...policy.editable.files].join('、')}）`);
  });
}

main().catch((error) => fail(error && error.message));
