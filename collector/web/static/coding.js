/* coding.js: the keys of the themes coding forms (form.fb-keys), served
 * from /assets/ (the CSP allows no inline script). The pages work without
 * it: the keys are a quicker way to the same tick boxes and buttons.
 * While focus is inside a coding form (and only then, WCAG 2.1.4), the key
 * shown beside a theme ticks or unticks it, + = - pick the sentiment, Enter
 * saves (the browser checks that a sentiment is picked) and ] follows the
 * form's "Skip this one". Keys with Ctrl, Alt or Meta, and typing while an
 * input method composes, are left to the browser. */
(function () {
	'use strict';

	function onKey(e) {
		var form = e.currentTarget;
		var target = e.target;
		if (e.ctrlKey || e.altKey || e.metaKey || e.isComposing)
			return;
		if (e.key === 'Enter') {
			/* on a button or link Enter already does what it says */
			if (target.tagName === 'BUTTON' || target.tagName === 'A')
				return;
			e.preventDefault();
			form.requestSubmit();
			return;
		}
		if (e.key === ']') {
			var skip = form.querySelector('a[data-skip]');
			if (skip) {
				e.preventDefault();
				window.location.assign(skip.href);
			}
			return;
		}
		if (e.key.length !== 1)
			return;
		var boxes = form.querySelectorAll('input[data-key]');
		for (var i = 0; i < boxes.length; i++) {
			if (boxes[i].getAttribute('data-key') === e.key) {
				e.preventDefault();
				boxes[i].click();
				boxes[i].focus({preventScroll: true});
				return;
			}
		}
	}

	function start() {
		var forms = document.querySelectorAll('form.fb-keys');
		for (var i = 0; i < forms.length; i++) {
			forms[i].addEventListener('keydown', onKey);
			/* the one-by-one page opens ready for the keys */
			if (forms[i].hasAttribute('data-focus')) {
				var first = forms[i].querySelector('input[data-key]');
				if (first)
					first.focus({preventScroll: true});
			}
		}
	}

	start();
})();
