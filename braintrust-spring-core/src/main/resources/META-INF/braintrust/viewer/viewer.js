// The Braintrust trace viewer: lists the recent traces the application kept in memory and
// shows one as a tree of spans, a waterfall and, for the selected span, its chat, metadata,
// metrics and errors. Everything a span carries is inserted as text (textContent and DOM
// nodes, never innerHTML), so a prompt containing markup is shown, not run.
(function () {
	'use strict';

	var POLL_MILLIS = 2000;
	var base = document.querySelector('meta[name="braintrust-viewer-base"]').getAttribute('content');
	var state = { version: -1, traces: [], traceId: null, spanId: null, detail: null, detailSpans: -1 };

	function el(tag, className, text) {
		var node = document.createElement(tag);
		if (className) {
			node.className = className;
		}
		if (text !== undefined && text !== null) {
			node.textContent = String(text);
		}
		return node;
	}

	function clear(node) {
		while (node.firstChild) {
			node.removeChild(node.firstChild);
		}
	}

	function getJson(path) {
		return fetch(base + path, { headers: { 'Accept': 'application/json' }, cache: 'no-store' })
			.then(function (response) {
				if (response.status === 404) {
					return null;
				}
				if (!response.ok) {
					throw new Error('HTTP ' + response.status);
				}
				return response.json();
			});
	}

	function formatDuration(ms) {
		if (ms === undefined || ms === null) {
			return '';
		}
		if (ms < 1) {
			return '<1 ms';
		}
		if (ms < 1000) {
			return Math.round(ms) + ' ms';
		}
		return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
	}

	function formatTime(epochMillis) {
		var date = new Date(epochMillis);
		var today = new Date();
		var time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
		return date.toDateString() === today.toDateString() ? time : date.toLocaleDateString() + ' ' + time;
	}

	function plural(count, noun) {
		return count + ' ' + noun + (count === 1 ? '' : 's');
	}

	function setStatus(text) {
		document.getElementById('status').textContent = text;
	}

	// ---- the list of traces --------------------------------------------------------------

	function poll() {
		if (document.hidden) {
			setTimeout(poll, POLL_MILLIS);
			return;
		}
		getJson('/api/traces').then(function (list) {
			if (list && list.version !== state.version) {
				state.version = list.version;
				state.traces = list.traces;
				renderList(list);
				refreshDetail();
			}
			setStatus('live · updated ' + new Date().toLocaleTimeString());
		}).catch(function (error) {
			setStatus('cannot reach the application (' + error.message + '); retrying');
		}).then(function () {
			setTimeout(poll, POLL_MILLIS);
		});
	}

	function renderList(list) {
		var body = document.querySelector('#trace-list tbody');
		clear(body);
		list.traces.forEach(function (trace) {
			var row = el('tr');
			row.dataset.traceId = trace.traceId;
			if (trace.traceId === state.traceId) {
				row.className = 'selected';
			}
			var name = el('td', 'trace-name');
			if (trace.rootType) {
				name.appendChild(el('span', 'badge ' + trace.rootType, trace.rootType));
				name.appendChild(document.createTextNode(' '));
			}
			name.appendChild(document.createTextNode(trace.name));
			if (trace.roots > 1) {
				name.appendChild(el('span', 'hint', ' +' + (trace.roots - 1)));
			}
			name.title = trace.name + ' (' + trace.spanCount + ' spans)';
			row.appendChild(name);
			row.appendChild(el('td', 'trace-start', formatTime(trace.start)));
			row.appendChild(el('td', 'num trace-duration', formatDuration(trace.durationMs)));
			row.appendChild(el('td', 'num trace-tokens', trace.totalTokens ? trace.totalTokens : '–'));
			var flags = el('td');
			if (trace.errors > 0) {
				flags.appendChild(el('span', 'badge error', trace.errors > 1 ? trace.errors + ' errors' : 'error'));
			}
			row.appendChild(flags);
			row.addEventListener('click', function () {
				selectTrace(trace.traceId, null);
			});
			body.appendChild(row);
		});
		document.getElementById('empty').hidden = list.traces.length > 0;
		var limits = list.limits;
		document.getElementById('limits').textContent = limits.traces + ' of at most ' + limits.maxTraces
			+ ' traces kept in memory (' + Math.round(limits.bytes / 1024) + ' KB of '
			+ Math.round(limits.maxBytes / 1048576) + ' MB); nothing is stored on disk.';
	}

	function selectTrace(traceId, spanId) {
		state.traceId = traceId;
		state.spanId = spanId;
		state.detailSpans = -1;
		history.replaceState(null, '', '#' + traceId + (spanId ? '/' + spanId : ''));
		document.querySelectorAll('#trace-list tbody tr').forEach(function (row) {
			row.classList.toggle('selected', row.dataset.traceId === traceId);
		});
		loadDetail();
	}

	function refreshDetail() {
		if (!state.traceId) {
			return;
		}
		var summary = state.traces.find(function (trace) {
			return trace.traceId === state.traceId;
		});
		if (summary && summary.spanCount !== state.detailSpans) {
			loadDetail();
		}
	}

	function loadDetail() {
		var traceId = state.traceId;
		getJson('/api/traces/' + encodeURIComponent(traceId)).then(function (detail) {
			if (traceId !== state.traceId) {
				return;
			}
			var container = document.getElementById('detail');
			clear(container);
			if (!detail) {
				container.appendChild(el('p', 'hint', 'This trace is no longer kept (the oldest traces are evicted).'));
				return;
			}
			state.detail = detail;
			state.detailSpans = detail.trace.spanCount;
			renderDetail(container, detail);
		}).catch(function (error) {
			setStatus('cannot load the trace (' + error.message + ')');
		});
	}

	// ---- one trace: tree and waterfall -------------------------------------------------

	function spanOrder(spans) {
		var children = {};
		var roots = [];
		spans.forEach(function (span) {
			if (span.parentSpanId) {
				(children[span.parentSpanId] = children[span.parentSpanId] || []).push(span);
			}
			else {
				roots.push(span);
			}
		});
		var ordered = [];
		function visit(span, depth) {
			ordered.push({ span: span, depth: depth });
			(children[span.spanId] || []).forEach(function (child) {
				visit(child, depth + 1);
			});
		}
		roots.forEach(function (root) {
			visit(root, 0);
		});
		return ordered;
	}

	function renderDetail(container, detail) {
		var trace = detail.trace;
		container.appendChild(el('h2', 'trace-title', trace.name));
		var sub = [formatTime(trace.start), formatDuration(trace.durationMs), plural(trace.spanCount, 'span'),
			plural(trace.llmCalls, 'LLM call'), plural(trace.totalTokens || 0, 'token')];
		if (trace.errors) {
			sub.push(trace.errors + ' failed');
		}
		if (trace.droppedSpans) {
			sub.push(trace.droppedSpans + ' spans not kept (bounds)');
		}
		container.appendChild(el('div', 'sub', sub.join(' · ') + ' · trace ' + trace.traceId));

		var start = trace.start;
		var total = Math.max(trace.durationMs, 0.001);
		var tree = el('div', 'tree');
		tree.id = 'span-tree';
		var ordered = spanOrder(detail.spans);
		ordered.forEach(function (item) {
			var span = item.span;
			var row = el('div', 'span-row');
			row.dataset.spanId = span.spanId;
			row.dataset.spanType = span.type || '';
			row.dataset.spanName = span.displayName;
			var name = el('div', 'span-name');
			name.style.paddingLeft = (item.depth * 1.1) + 'rem';
			name.appendChild(el('span', 'badge ' + (span.type || ''), span.type || span.kind.toLowerCase()));
			name.appendChild(document.createTextNode(' ' + span.displayName));
			if (span.error) {
				name.appendChild(document.createTextNode(' '));
				name.appendChild(el('span', 'badge error', span.errorType || 'error'));
			}
			name.title = span.name;
			row.appendChild(name);
			var lane = el('div', 'lane');
			var bar = el('div', 'bar-span ' + (span.error ? 'error' : (span.type || '')));
			bar.style.left = Math.min(100, (span.start - start) / total * 100) + '%';
			bar.style.width = Math.max(0, span.durationMs / total * 100) + '%';
			bar.title = formatDuration(span.durationMs) + ' at +' + formatDuration(span.start - start);
			lane.appendChild(bar);
			row.appendChild(lane);
			row.appendChild(el('div', 'num', formatDuration(span.durationMs)));
			row.addEventListener('click', function () {
				state.spanId = span.spanId;
				history.replaceState(null, '', '#' + state.traceId + '/' + span.spanId);
				showSpan(detail);
			});
			tree.appendChild(row);
		});
		container.appendChild(tree);
		var panel = el('div', 'span-panel');
		panel.id = 'span-panel';
		container.appendChild(panel);
		var known = detail.spans.some(function (span) {
			return span.spanId === state.spanId;
		});
		if (!known && ordered.length > 0) {
			state.spanId = ordered[0].span.spanId;
		}
		showSpan(detail);
	}

	// ---- the selected span ----------------------------------------------------------------

	function showSpan(detail) {
		var span = detail.spans.find(function (candidate) {
			return candidate.spanId === state.spanId;
		});
		document.querySelectorAll('#span-tree .span-row').forEach(function (row) {
			row.classList.toggle('selected', row.dataset.spanId === state.spanId);
		});
		var panel = document.getElementById('span-panel');
		clear(panel);
		if (!span) {
			return;
		}
		panel.dataset.spanId = span.spanId;
		panel.appendChild(el('h3', 'span-title', span.displayName));
		panel.appendChild(el('div', 'sub', [span.type || span.kind.toLowerCase(), span.name,
			formatDuration(span.durationMs), 'at +' + formatDuration(span.start - detail.trace.start)].join(' · ')));

		if (span.error || span.exceptions.length) {
			panel.appendChild(el('h4', null, 'Error'));
			panel.appendChild(renderError(span));
		}
		var tool = span.type === 'tool';
		// A framework's own span (no Braintrust type) without content has nothing to show
		if (span.type || span.input !== undefined) {
			var inputSection = section(panel, tool ? 'Arguments' : 'Input', 'span-input');
			inputSection.appendChild(span.input === undefined ? absent()
				: (tool ? renderJson(span.input) : renderContent(span.input)));
		}
		if (span.type || span.output !== undefined) {
			var outputSection = section(panel, tool ? 'Result' : 'Output', 'span-output');
			outputSection.appendChild(span.output === undefined ? absent()
				: (tool ? renderJson(span.output) : renderContent(span.output)));
		}
		var metrics = metricsOf(span);
		if (metrics.length) {
			section(panel, 'Metrics', 'span-metrics').appendChild(keyValues(metrics));
		}
		if (span.metadata !== undefined) {
			section(panel, 'Metadata', 'span-metadata').appendChild(renderObject(span.metadata));
		}
		var attributes = Object.keys(span.attributes).map(function (key) {
			return [key, span.attributes[key]];
		});
		if (span.events.length) {
			attributes.push(['events', span.events.join(', ')]);
		}
		if (attributes.length) {
			section(panel, 'Attributes', 'span-attributes').appendChild(keyValues(attributes));
		}
	}

	function section(panel, title, id) {
		panel.appendChild(el('h4', null, title));
		var body = el('div', 'section');
		body.id = id;
		panel.appendChild(body);
		return body;
	}

	function absent() {
		return el('div', 'absent', 'Not recorded: content capture is off for this call, or it had none.');
	}

	function renderError(span) {
		var box = el('div', 'error-box');
		box.appendChild(el('div', 'error-type', span.errorType || 'error'));
		if (span.statusMessage && span.statusMessage !== span.errorType) {
			box.appendChild(el('div', 'text', span.statusMessage));
		}
		span.exceptions.forEach(function (exception) {
			box.appendChild(el('div', 'text', (exception.type || 'exception')
				+ (exception.message ? ': ' + exception.message : '')));
			if (exception.stacktrace) {
				var details = el('details');
				details.appendChild(el('summary', null, 'Stack trace'));
				details.appendChild(el('pre', null, exception.stacktrace));
				box.appendChild(details);
			}
		});
		return box;
	}

	function metricsOf(span) {
		var rows = [];
		var metrics = (span.metrics && typeof span.metrics === 'object') ? span.metrics : {};
		var labels = {
			prompt_tokens: 'Prompt tokens', completion_tokens: 'Completion tokens', tokens: 'Total tokens',
			prompt_cached_tokens: 'Cached prompt tokens', prompt_cache_creation_tokens: 'Cache creation tokens',
			completion_reasoning_tokens: 'Reasoning tokens'
		};
		Object.keys(metrics).forEach(function (key) {
			var value = metrics[key];
			if (key === 'time_to_first_token') {
				rows.push(['Time to first token', formatDuration(value * 1000)]);
			}
			else {
				rows.push([labels[key] || key, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
			}
		});
		if (!('prompt_tokens' in metrics) && span.inputTokens !== undefined) {
			rows.push(['Prompt tokens', String(span.inputTokens)]);
		}
		if (!('completion_tokens' in metrics) && span.outputTokens !== undefined) {
			rows.push(['Completion tokens', String(span.outputTokens)]);
		}
		rows.push(['Latency', formatDuration(span.durationMs)]);
		return rows;
	}

	function keyValues(rows) {
		var list = el('dl', 'kv');
		rows.forEach(function (row) {
			list.appendChild(el('dt', null, row[0]));
			var value = el('dd');
			if (row[1] instanceof Node) {
				value.appendChild(row[1]);
			}
			else {
				value.textContent = String(row[1]);
			}
			list.appendChild(value);
		});
		return list;
	}

	function renderObject(value) {
		if (value && typeof value === 'object' && !Array.isArray(value)) {
			return keyValues(Object.keys(value).map(function (key) {
				var item = value[key];
				return [key, (item !== null && typeof item === 'object') ? renderJson(item) : String(item)];
			}));
		}
		return renderJson(value);
	}

	function renderJson(value) {
		if (typeof value === 'string') {
			return el('pre', 'json', value);
		}
		return el('pre', 'json', JSON.stringify(value, null, 2));
	}

	// ---- content as a chat ----------------------------------------------------------------

	function renderContent(value) {
		var messages = toMessages(value);
		if (!messages) {
			return renderJson(value);
		}
		var chat = el('div', 'chat');
		messages.forEach(function (message) {
			var role = String(message.role || 'message');
			var box = el('div', 'message role-' + role.replace(/[^a-z_-]/gi, ''));
			box.dataset.role = role;
			box.appendChild(el('div', 'role', role + (message.finish ? ' · ' + message.finish : '')));
			message.parts.forEach(function (part) {
				box.appendChild(renderPart(part));
			});
			chat.appendChild(box);
		});
		return chat;
	}

	function renderPart(part) {
		if (part.kind === 'text') {
			return el('div', 'text', part.text);
		}
		if (part.kind === 'tool_call') {
			var call = el('div', 'tool-call');
			call.appendChild(el('div', 'tool-name', '→ ' + (part.name || 'tool') + (part.id ? ' (' + part.id + ')' : '')));
			call.appendChild(renderJson(prettyArguments(part.args)));
			return call;
		}
		if (part.kind === 'tool_result') {
			var result = el('div', 'tool-result');
			result.appendChild(el('div', 'tool-name', '← result' + (part.id ? ' of ' + part.id : '')));
			result.appendChild(typeof part.content === 'string' ? el('div', 'text', part.content)
				: renderJson(part.content));
			return result;
		}
		return renderJson(part.value);
	}

	function prettyArguments(args) {
		if (typeof args === 'string') {
			try {
				return JSON.stringify(JSON.parse(args), null, 2);
			}
			catch (e) {
				return args;
			}
		}
		return args === undefined ? '' : args;
	}

	// The shapes Braintrust logs: OpenAI chat messages and choices, Anthropic content blocks,
	// Google contents and candidates, Bedrock Converse content parts, Responses API items.
	function toMessages(value) {
		if (Array.isArray(value)) {
			if (value.length === 0) {
				return null;
			}
			var messages = [];
			for (var i = 0; i < value.length; i++) {
				var item = value[i];
				if (!item || typeof item !== 'object') {
					return null;
				}
				if (item.message && typeof item.message === 'object') {
					messages.push(message(item.message, item.finish_reason || item.finishReason));
				}
				else if (item.content && typeof item.content === 'object' && item.content.parts) {
					messages.push(message(item.content, item.finishReason));
				}
				else if (item.role !== undefined) {
					messages.push(message(item));
				}
				else if (item.type === 'function_call') {
					messages.push({ role: 'assistant', parts: [{ kind: 'tool_call', name: item.name, args: item.arguments, id: item.call_id }] });
				}
				else if (item.type === 'function_call_output') {
					messages.push({ role: 'tool', parts: [{ kind: 'tool_result', id: item.call_id, content: item.output }] });
				}
				else if (item.type === 'reasoning') {
					messages.push({ role: 'reasoning', parts: contentParts(item.summary || item.content || []) });
				}
				else {
					return null;
				}
			}
			return messages;
		}
		if (value && typeof value === 'object') {
			if (value.role !== undefined && value.content !== undefined) {
				return [message(value, value.stop_reason)];
			}
			if (Array.isArray(value.contents)) {
				var contents = toMessages(value.contents) || [];
				if (value.systemInstruction) {
					contents.unshift(message(Object.assign({ role: 'system' }, value.systemInstruction)));
				}
				return contents.length ? contents : null;
			}
			if (Array.isArray(value.candidates)) {
				return toMessages(value.candidates);
			}
			if (Array.isArray(value.messages)) {
				var converse = toMessages(value.messages) || [];
				if (value.system) {
					converse.unshift({ role: 'system', parts: contentParts(value.system) });
				}
				return converse.length ? converse : null;
			}
			if (value.output && typeof value.output === 'object') {
				return toMessages(value.output.message ? value.output.message : value.output);
			}
		}
		return null;
	}

	function message(source, finish) {
		var parts = contentParts(source.content !== undefined ? source.content : source.parts);
		if (Array.isArray(source.tool_calls)) {
			source.tool_calls.forEach(function (call) {
				var fn = call['function'] || {};
				parts.push({ kind: 'tool_call', name: fn.name || call.name, args: fn.arguments, id: call.id });
			});
		}
		var role = source.role === 'model' ? 'assistant' : source.role;
		if (role === 'tool' && source.tool_call_id) {
			var content = parts.length === 1 && parts[0].kind === 'text' ? parts[0].text : source.content;
			parts = [{ kind: 'tool_result', id: source.tool_call_id, content: content }];
		}
		return { role: role, parts: parts, finish: finish };
	}

	function contentParts(content) {
		if (content === undefined || content === null) {
			return [];
		}
		if (typeof content === 'string') {
			return [{ kind: 'text', text: content }];
		}
		if (!Array.isArray(content)) {
			return [{ kind: 'json', value: content }];
		}
		return content.map(function (part) {
			if (typeof part === 'string') {
				return { kind: 'text', text: part };
			}
			if (!part || typeof part !== 'object') {
				return { kind: 'json', value: part };
			}
			if (typeof part.text === 'string') {
				return { kind: 'text', text: part.text };
			}
			if (part.type === 'thinking' && typeof part.thinking === 'string') {
				return { kind: 'text', text: part.thinking };
			}
			if (part.type === 'tool_use') {
				return { kind: 'tool_call', name: part.name, args: part.input, id: part.id };
			}
			if (part.type === 'tool_result') {
				return { kind: 'tool_result', id: part.tool_use_id, content: part.content };
			}
			if (part.toolUse) {
				return { kind: 'tool_call', name: part.toolUse.name, args: part.toolUse.input, id: part.toolUse.toolUseId };
			}
			if (part.toolResult) {
				return { kind: 'tool_result', id: part.toolResult.toolUseId, content: part.toolResult.content };
			}
			if (part.functionCall) {
				return { kind: 'tool_call', name: part.functionCall.name, args: part.functionCall.args, id: part.functionCall.id };
			}
			if (part.functionResponse) {
				return { kind: 'tool_result', id: part.functionResponse.name, content: part.functionResponse.response };
			}
			return { kind: 'json', value: part };
		});
	}

	// ---- start ------------------------------------------------------------------------------

	// A link to a trace (and span): #<trace id>[/<span id>]
	function followHash() {
		var hash = location.hash.replace(/^#/, '').split('/');
		if (/^[0-9a-f]{32}$/.test(hash[0]) && (hash[0] !== state.traceId || (hash[1] || null) !== state.spanId)) {
			selectTrace(hash[0], /^[0-9a-f]{16}$/.test(hash[1] || '') ? hash[1] : null);
		}
	}

	window.addEventListener('hashchange', followHash);
	followHash();
	poll();
})();
