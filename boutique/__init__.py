"""The core every other package stands on: config, db, people, auth, shops, events, money, i18n."""
