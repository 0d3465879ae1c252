// The ready dashboard at /sla/: asks for the API token once, keeps it in sessionStorage (gone when the
// tab closes), and shows the board. A refused token brings the form back.
import { session } from './sla-core.js';

const main = document.getElementById('main');
const form = document.getElementById('login');
const input = document.getElementById('token');
const error = document.getElementById('login-error');
const signOut = document.getElementById('sign-out');

function showBoard(token) {
  window.ParleySla = { ...(window.ParleySla || {}), token, baseUrl: '' };
  form.hidden = true;
  signOut.hidden = false;
  const board = document.createElement('parley-sla-board');
  const theme = new URLSearchParams(location.search).get('theme');
  if (theme === 'light' || theme === 'dark') board.setAttribute('theme', theme);
  main.append(board);
}

function showForm(message) {
  document.querySelectorAll('parley-sla-board').forEach((b) => b.remove());
  signOut.hidden = true;
  form.hidden = false;
  error.hidden = !message;
  error.textContent = message || '';
  input.focus();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = input.value.trim();
  if (!token) return;
  session.save(token);
  input.value = '';
  showBoard(token);
});

signOut.addEventListener('click', () => { session.clear(); showForm(''); });

document.addEventListener('parley-sla-auth-error', () => {
  session.clear();
  showForm('That token was refused. Enter a valid API token.');
});

if (session.token()) showBoard(session.token());
else showForm('');
