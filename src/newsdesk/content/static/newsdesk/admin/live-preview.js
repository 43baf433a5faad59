'use strict';
/*
 * The post form's live preview: while the editor writes, the body (and its format) is
 * sent to the admin's render endpoint, which answers with the HTML readers will get,
 * rendered and sanitised on the server exactly as saving does; it is shown in a panel
 * beside the body. A refusal (too many at once, a body too long) comes with a message
 * the panel shows instead; after "too many" it asks again once the server says it may.
 * Loaded as a file: the admin runs no inline script.
 */
{
    const DELAY_MS = 400;

    function setUp() {
        const panel = document.getElementById('live-preview');
        const body = document.getElementById('id_body');
        if (!panel || !body) {
            return;
        }
        const format = document.getElementById('id_body_format');
        const output = panel.querySelector('.live-preview-output');
        const tokenField = document.querySelector('input[name="csrfmiddlewaretoken"]');
        const row = body.closest('.form-row');

        // Beside the body: the body's row and the panel share a two-column layout.
        const pair = document.createElement('div');
        pair.className = 'live-preview-pair';
        row.parentNode.insertBefore(pair, row);
        pair.appendChild(row);
        pair.appendChild(panel);
        panel.hidden = false;

        let timer = null;
        let latest = 0;

        async function refresh() {
            const asked = ++latest;
            const data = new FormData();
            data.append('body', body.value);
            data.append('body_format', format ? format.value : 'html');
            panel.classList.add('is-updating');
            try {
                const response = await fetch(panel.dataset.endpoint, {
                    method: 'POST',
                    body: data,
                    credentials: 'same-origin',
                    headers: {'X-CSRFToken': tokenField ? tokenField.value : ''},
                });
                if (!response.ok) {
                    const refusal = await refusalOf(response);
                    if (response.status === 429 && asked === latest) {
                        const seconds = Number(response.headers.get('Retry-After')) || 1;
                        window.clearTimeout(timer);
                        timer = window.setTimeout(refresh, seconds * 1000);
                    }
                    throw refusal;
                }
                const answer = await response.json();
                if (asked === latest) {
                    // Sanitised by the server (nh3), as the stored body is.
                    output.innerHTML = answer.html;
                    panel.classList.remove('has-error');
                }
            } catch (error) {
                if (asked === latest) {
                    panel.classList.add('has-error');
                    output.textContent = error.fromServer
                        ? error.message
                        : 'The preview could not be updated (' + error.message + ').';
                }
            } finally {
                if (asked === latest) {
                    panel.classList.remove('is-updating');
                }
            }
        }

        // The server's own words when it gives them, else the status.
        async function refusalOf(response) {
            let message = 'The preview could not be updated (' + response.status + ').';
            try {
                const answer = await response.json();
                if (answer && answer.error) {
                    message = answer.error;
                }
            } catch (notJson) {
                // an error page: say the status
            }
            const refusal = new Error(message);
            refusal.fromServer = true;
            return refusal;
        }

        function later() {
            window.clearTimeout(timer);
            timer = window.setTimeout(refresh, DELAY_MS);
        }

        body.addEventListener('input', later);
        if (format) {
            format.addEventListener('change', refresh);
        }
        refresh();
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', setUp);
    } else {
        setUp();
    }
}
