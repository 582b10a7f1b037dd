-- What a linking page's microformats2 say (issue 14): the kind of response, its author, when it
-- was published, its text and sanitized HTML, its own URL, an RSVP's answer, and its media (one
-- "photo URL", "video URL" or "audio URL" a line). Rows from before are plain mentions.
ALTER TABLE mention ADD COLUMN interaction VARCHAR(16) DEFAULT 'mention' NOT NULL;
ALTER TABLE mention ADD COLUMN author_name VARCHAR(250);
ALTER TABLE mention ADD COLUMN author_url VARCHAR(2048);
ALTER TABLE mention ADD COLUMN author_photo VARCHAR(2048);
ALTER TABLE mention ADD COLUMN published_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE mention ADD COLUMN content_text VARCHAR(2000);
ALTER TABLE mention ADD COLUMN content_html VARCHAR(8000);
ALTER TABLE mention ADD COLUMN entry_url VARCHAR(2048);
ALTER TABLE mention ADD COLUMN rsvp VARCHAR(16);
ALTER TABLE mention ADD COLUMN media VARCHAR(8000);
