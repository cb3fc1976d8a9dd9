// Marks the page as enhanced once the package's script ran (the browser test checks it).
document.documentElement.dataset.blog = 'ready'
