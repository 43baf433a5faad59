// Once django-otp-webauthn has registered a passkey or security key, go on to the page
// the server named (the account page, or where a login that needed one was going).
document.addEventListener("otp_webauthn.register_complete", () => {
  const done = document.getElementById("passkey-done");
  if (done) {
    window.location.assign(done.dataset.url);
  }
});
