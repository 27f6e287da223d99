-- Headless Neovim (0.7+) as an LSP client of the Rust Readiness stdio server. Run from the workspace root:
--   SERVER="node out/server/src/server.js --stdio" FILE=crates/chat-server/src/main.rs \
--     nvim --headless -u NONE -c 'luafile test/nvim/lsp-check.lua'
-- Prints, one per line:
--   DIAG <line>:<col> <code> <message>      diagnostics of FILE (1-based positions)
--   WSDIAG <file> <code>                    diagnostics the server published for files never opened
--                                           (EXPECT_WS="<file> <code>": wait for that one)
--   ACTION <title>                          code actions offered on the first diagnostic's line
--   FIXED <line text>                       FILE after applying the action titled FIX_TITLE (if set)
--   ERROR <message>                         and exits 1 when something fails
-- Neovim 0.7 keeps only code/tags/data of an LSP diagnostic in vim.diagnostic, so the code-action
-- context is built from vim.lsp.diagnostic.get_line_diagnostics.
local file, server = os.getenv('FILE'), os.getenv('SERVER')
local fix_title = os.getenv('FIX_TITLE')
local wait_ms = tonumber(os.getenv('WAIT_MS') or '20000')
local out = function(s) io.stdout:write(s .. '\n') end

local function finish(code)
  for _, c in ipairs(vim.lsp.get_active_clients()) do c.stop(true) end
  vim.wait(500, function() return #vim.lsp.get_active_clients() == 0 end, 20)
  vim.cmd(code == 0 and 'qall!' or ('cquit ' .. code))
end

local ok, err = pcall(function()
  local root = vim.fn.getcwd()
  local id = vim.lsp.start_client({
    name = 'rust-readiness', cmd = vim.split(server, ' '), root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
  })
  assert(id, 'the server did not start')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'rust' -- no filetype detection under -u NONE
  assert(vim.lsp.buf_attach_client(buf, id), 'attach failed')
  local t0 = vim.loop.hrtime()
  assert(vim.wait(wait_ms, function() return #vim.diagnostic.get(buf) > 0 end, 10),
    'no diagnostics for ' .. file .. ' in ' .. wait_ms .. ' ms')
  out(string.format('TIME first diagnostics %.0f ms after attach', (vim.loop.hrtime() - t0) / 1e6))
  local first
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.user_data and d.user_data.lsp and d.user_data.lsp.code
    out(string.format('DIAG %d:%d %s %s', d.lnum + 1, d.col + 1, tostring(code), (d.message:gsub('\n', ' '))))
    if code == 'panic-in-production' and not first then first = d end
  end
  first = first or vim.diagnostic.get(buf)[1]

  -- Findings the server published for files that were never opened (the startup scan). With
  -- EXPECT_WS="<file> <code>", wait until that one has arrived; otherwise until any has.
  local expect_ws = os.getenv('EXPECT_WS')
  local function ws_findings()
    local keys, list = {}, {}
    for _, d in ipairs(vim.diagnostic.get()) do
      if d.bufnr ~= buf then
        local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(d.bufnr), ':.')
        local code = d.user_data and d.user_data.lsp and d.user_data.lsp.code
        local key = name .. ' ' .. tostring(code)
        if not keys[key] then keys[key] = true; table.insert(list, key) end
      end
    end
    return keys, list
  end
  vim.wait(wait_ms, function()
    local keys, list = ws_findings()
    if expect_ws then return keys[expect_ws] == true end
    return #list > 0
  end, 20)
  local _, list = ws_findings()
  for _, key in ipairs(list) do out('WSDIAG ' .. key) end

  local line = first.lnum
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, line) },
  }
  local chosen
  for _, res in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 5000) or {}) do
    assert(not res.err, 'codeAction error: ' .. vim.inspect(res.err))
    for _, action in ipairs(res.result or {}) do
      out('ACTION ' .. action.title)
      if fix_title and action.title == fix_title then chosen = action end
    end
  end
  if fix_title then
    assert(chosen, 'no code action titled ' .. fix_title)
    assert(chosen.edit, 'the action has no edit')
    vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
    for _, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do out('FIXED ' .. l) end
  end
end)
if not ok then out('ERROR ' .. tostring(err)); finish(1) else finish(0) end
