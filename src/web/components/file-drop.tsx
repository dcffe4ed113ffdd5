import type { CSSProperties } from 'react';
import { Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';

/**
 * A box to click or drop one file on, handed straight to `onFile` (nothing is
 * uploaded by antd itself): the import, registry matching and exchange screens.
 */
export function FileDrop(props: {
  accept: string;
  disabled?: boolean;
  onFile: (file: File) => void;
  text: string;
  hint: string;
  style?: CSSProperties;
}) {
  return (
    <Upload.Dragger
      accept={props.accept}
      showUploadList={false}
      disabled={props.disabled}
      beforeUpload={(file) => {
        props.onFile(file);
        return false;
      }}
      style={props.style}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{props.text}</p>
      <p className="ant-upload-hint">{props.hint}</p>
    </Upload.Dragger>
  );
}
