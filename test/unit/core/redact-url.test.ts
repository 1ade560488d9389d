import { test } from 'node:test'
import assert from 'node:assert/strict'
import { redactUrl, redactUrlIn } from '../../../src/core/redact-url.ts'

const TOKEN = '123456789:AAH-s3cr3t-t0ken'

test('a URL is shown by scheme, host and port; anything past them is cut', () => {
  assert.equal(redactUrl(`https://api.telegram.org/bot${TOKEN}/sendMessage`), 'https://api.telegram.org/…')
  assert.equal(redactUrl('https://hooks.example.com:8443/x?token=abc#f'), 'https://hooks.example.com:8443/…')
  assert.equal(redactUrl('http://user:pa55@127.0.0.1:8428'), 'http://127.0.0.1:8428/…')
  assert.equal(redactUrl('http://127.0.0.1:8428'), 'http://127.0.0.1:8428')
  assert.equal(redactUrl('http://127.0.0.1:8428/'), 'http://127.0.0.1:8428')
  assert.equal(redactUrl(`ftp://files.example.com/${TOKEN}`), 'ftp://files.example.com/…')
})

test('a text that is not a URL is not shown at all', () => {
  assert.equal(redactUrl(`api.telegram.org/bot${TOKEN}/sendMessage`), '(not a URL)')
  assert.equal(redactUrl(''), '(not a URL)')
})

test('redactUrlIn replaces the URL in another message, as given and as parsed', () => {
  const raw = 'https://u:pa55@hooks.example.com/hook?token=abc'
  assert.equal(redactUrlIn(`cannot post to ${raw}/more: refused`, raw), 'cannot post to https://hooks.example.com/…/more: refused')
  // The parser writes an empty path as `/`: that form is found too.
  assert.equal(redactUrlIn('bad https://u:pa55@h.example/ here', 'https://u:pa55@h.example'), 'bad https://h.example/… here')
  assert.equal(redactUrlIn('nothing to hide', raw), 'nothing to hide')
})
